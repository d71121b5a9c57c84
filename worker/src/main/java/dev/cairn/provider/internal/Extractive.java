package dev.cairn.provider.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text analysis behind the offline provider: sentences, meaningful words, word frequencies and
 * sentence scores. Every ranking breaks ties explicitly (earlier sentence, alphabetical word), so the
 * same text always gives the same answer, on every JVM.
 */
final class Extractive {

    /** Source text beyond this is ignored, which keeps the offline provider fast on book-sized chapters. */
    static final int MAX_SOURCE_CHARS = 200_000;
    private static final int MAX_SENTENCE_CHARS = 400;

    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{N}'’-]*");
    private static final Pattern HEADING_LINE = Pattern.compile("(?m)^[ \\t]*#{1,6}[ \\t].*$");
    private static final Pattern BLOCK_BREAK = Pattern.compile("\\n[ \\t\\r]*\\n\\s*");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Set<String> SMALL_WORDS = Set.of("a", "an", "and", "as", "at", "but", "by", "for", "in", "of",
            "on", "or", "the", "to", "vs", "via", "with", "from", "into");
    private static final Set<String> STOP_WORDS = Set.of(
            "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
            "has", "him", "his", "how", "its", "may", "new", "now", "old", "see", "two", "who", "did", "get", "let", "own",
            "say", "she", "too", "use", "used", "uses", "using", "that", "with", "have", "this", "will", "your", "from",
            "they", "been", "more", "when", "were", "what", "than", "them", "then", "there", "these", "those", "their",
            "which", "while", "would", "could", "should", "about", "into", "over", "also", "only", "other", "some", "such",
            "each", "very", "just", "like", "most", "many", "much", "well", "even", "both", "where", "after", "before",
            "being", "because", "between", "does", "doing", "done", "here", "same", "make", "makes", "made", "upon",
            "through", "under", "again", "further", "once", "why", "off", "yet", "nor", "every", "within", "without",
            "among", "per", "via", "thus", "therefore", "however", "although", "though", "since", "until", "whether",
            "first", "second", "third", "often", "usually", "example", "chapter", "section", "page", "figure", "table",
            "one's", "it's", "don't", "can't", "isn't", "there's", "that's", "way", "ways", "thing", "things", "lot",
            "during", "against", "across", "around", "toward", "towards", "above", "below", "behind", "beyond", "near",
            "next", "last", "later", "early", "still", "already", "always", "never", "something", "anything", "everything",
            "someone", "another", "either", "neither", "rather", "quite", "perhaps", "almost", "along", "less", "least",
            "might", "must", "shall", "need", "needs", "part", "parts", "kind", "kinds", "time", "times", "year", "years",
            "today", "fact", "case", "cases", "whose", "whom", "himself", "herself", "itself", "themselves", "ours",
            "yours", "we", "us", "me", "my", "mine", "he", "it", "i", "an", "am", "is", "be", "do", "so", "no", "if", "or",
            "as", "at", "by", "of", "on", "in", "to", "up");

    private Extractive() {
    }

    /**
     * @param text any text, possibly with Markdown headings and layout line breaks
     * @return its sentences in order, whitespace collapsed, each with at least three words
     */
    static List<String> sentences(String text) {
        String s = text.length() > MAX_SOURCE_CHARS ? text.substring(0, MAX_SOURCE_CHARS) : text;
        List<String> out = new ArrayList<>();
        // why: a heading is not a sentence, and a blank line ends one even without punctuation
        for (String block : BLOCK_BREAK.split(HEADING_LINE.matcher(s).replaceAll("\n\n"))) {
            split(SPACE.matcher(block).replaceAll(" ").trim(), out);
        }
        return out;
    }

    private static void split(String s, List<String> out) {
        int begin = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && c != '!' && c != '?') continue;
            int end = i + 1;
            while (end < s.length() && "\"')]”’".indexOf(s.charAt(end)) >= 0) end++;
            // why: a sentence ends at punctuation followed by a space and a capital or digit; "e.g. the" does not end one
            if (end + 1 < s.length() && s.charAt(end) == ' ' && startsSentence(s.charAt(end + 1))) {
                add(out, s.substring(begin, end));
                begin = end + 1;
                i = end;
            }
        }
        add(out, s.substring(begin));
    }

    private static boolean startsSentence(char c) {
        return Character.isUpperCase(c) || Character.isDigit(c) || "\"'(“‘[".indexOf(c) >= 0;
    }

    private static void add(List<String> out, String sentence) {
        String t = sentence.trim();
        if (words(t).size() >= 3) out.add(clip(t));
    }

    /** @return the sentence cut at a word boundary to at most {@value #MAX_SENTENCE_CHARS} characters */
    static String clip(String sentence) {
        if (sentence.length() <= MAX_SENTENCE_CHARS) return sentence;
        int cut = sentence.lastIndexOf(' ', MAX_SENTENCE_CHARS - 1);
        return sentence.substring(0, cut > MAX_SENTENCE_CHARS / 2 ? cut : MAX_SENTENCE_CHARS - 1) + "…";
    }

    /** @return every word of the text, lower-cased */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) words.add(m.group().toLowerCase(Locale.ROOT));
        return words;
    }

    /** @return the words worth counting: three letters or more, not a stop word */
    static List<String> meaningfulWords(String text) {
        return words(text).stream().filter(w -> w.length() >= 3 && !STOP_WORDS.contains(w)).toList();
    }

    /** @return how often each meaningful word occurs in the sentences */
    static Map<String, Integer> frequencies(List<String> sentences) {
        Map<String, Integer> freq = new HashMap<>();
        for (String sentence : sentences) {
            for (String w : meaningfulWords(sentence)) freq.merge(w, 1, Integer::sum);
        }
        return freq;
    }

    /**
     * @param freq    word frequencies
     * @param limit   how many to return
     * @param exclude words to leave out (e.g. the topic's own words)
     * @return the most frequent words, most frequent first, ties alphabetical
     */
    static List<String> topWords(Map<String, Integer> freq, int limit, Set<String> exclude) {
        return freq.entrySet().stream()
                .filter(e -> !exclude.contains(e.getKey()) && e.getKey().length() >= 4)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** A sentence's weight: its words' total frequency, damped so long sentences do not always win. */
    static double score(String sentence, Map<String, Integer> freq) {
        List<String> words = meaningfulWords(sentence);
        if (words.isEmpty()) return 0;
        double sum = 0;
        for (String w : words) sum += freq.getOrDefault(w, 0);
        return sum / Math.sqrt(words.size());
    }

    /**
     * @param count  how many indexes to pick
     * @param scores one score per sentence
     * @param skip   indexes not to pick
     * @return the indexes of the highest scores, ties to the earlier sentence, in ascending index order
     */
    static List<Integer> best(int count, double[] scores, Set<Integer> skip) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) if (!skip.contains(i)) order.add(i);
        order.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
        List<Integer> picked = new ArrayList<>(order.subList(0, Math.min(count, order.size())));
        picked.sort(Comparator.naturalOrder());
        return picked;
    }

    /** @return the text in title case: every word capitalised except short joining words after the first */
    static String titleCase(String text) {
        String[] words = SPACE.split(text.trim());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.isEmpty()) continue;
            if (!out.isEmpty()) out.append(' ');
            if (i > 0 && SMALL_WORDS.contains(w.toLowerCase(Locale.ROOT))) {
                out.append(w.toLowerCase(Locale.ROOT));
            } else {
                out.appendCodePoint(Character.toTitleCase(w.codePointAt(0))).append(w.substring(Character.charCount(w.codePointAt(0))));
            }
        }
        return out.toString();
    }
}
