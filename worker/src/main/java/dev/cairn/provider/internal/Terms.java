package dev.cairn.provider.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Search terms of a text for the offline provider's scoring, in any language written with letters:
 * runs of Unicode letters, lower-cased, without short words and without English and German stop words.
 * No stemming: it would need a language of its own for every source.
 */
final class Terms {

    /** Terms are at least this long; shorter words carry no topic. */
    static final int MIN_LENGTH = 3;

    private static final Pattern LETTERS = Pattern.compile("\\p{L}[\\p{L}\\p{M}]*");

    // why: Set.copyOf, not Set.of: the English and German lists share words (also, was, will)
    private static final Set<String> STOP = Set.copyOf(List.of(
            // English
            "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our",
            "out", "has", "him", "his", "how", "its", "may", "new", "now", "see", "two", "who", "did", "get", "let",
            "own", "say", "she", "too", "use", "used", "uses", "using", "that", "with", "have", "this", "will", "your",
            "from", "they", "been", "more", "when", "were", "what", "than", "them", "then", "there", "these", "those",
            "their", "which", "while", "would", "could", "should", "about", "into", "over", "also", "only", "other",
            "some", "such", "each", "very", "just", "like", "most", "many", "much", "well", "even", "both", "where",
            "after", "before", "being", "because", "between", "does", "doing", "done", "here", "same", "make",
            "makes", "made", "upon", "through", "under", "again", "once", "why", "off", "yet", "nor", "every",
            "within", "without", "among", "per", "via", "thus", "however", "although", "though", "since", "until",
            "whether", "often", "example", "chapter", "section", "page", "pages", "figure", "table", "way", "ways",
            "thing", "things", "during", "against", "still", "already", "always", "never", "another", "either",
            "rather", "might", "must", "shall", "whose", "whom", "itself", "ours", "yours", "don", "isn", "aren",
            "doesn", "didn", "won", "can't", "part", "first", "second", "into", "onto", "whereas", "therefore",
            // German
            "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "und",
            "oder", "aber", "auch", "als", "wie", "wir", "ihr", "sie", "ich", "mit", "von", "vom", "zum", "zur",
            "bei", "aus", "auf", "für", "fur", "nach", "über", "ueber", "unter", "vor", "durch", "gegen", "ohne",
            "um", "ist", "sind", "war", "waren", "wird", "werden", "wurde", "wurden", "worden", "hat", "haben",
            "hatte", "hatten", "sein", "seine", "seiner", "seinen", "seinem", "ihre", "ihrer", "ihren", "ihrem",
            "nicht", "kein", "keine", "keinen", "keiner", "noch", "nur", "schon", "sehr", "mehr", "dass", "daß",
            "wenn", "weil", "dann", "denn", "doch", "dies", "diese", "dieser", "dieses", "diesem", "diesen", "jede",
            "jeder", "jedes", "jeden", "jedem", "man", "sich", "kann", "können", "konnte", "muss", "müssen", "soll",
            "sollen", "will", "wollen", "darf", "hier", "dort", "was", "wer", "wo", "wann", "warum", "welche",
            "welcher", "welches", "welchen", "alle", "allen", "aller", "alles", "viele", "vielen", "etwa", "etwas",
            "so", "bis", "zwischen", "sowie", "bzw", "usw", "dabei", "dazu", "daher", "damit", "darin", "darauf",
            "davon", "dafür", "wobei", "somit", "also", "zwei", "drei", "ersten", "erste", "erster", "kapitel",
            "abschnitt", "seite", "seiten", "abbildung", "abb", "tabelle", "beispiel", "zum", "einmal", "immer",
            "wieder", "ebenfalls", "jedoch", "sondern", "sowohl", "bereits", "ganz", "gibt", "geht", "eines",
            "ihnen", "uns", "unsere", "unserer", "euch", "dessen", "deren", "denen", "mich", "dich", "mir", "dir"));

    private Terms() {
    }

    /**
     * @param text any text
     * @return its terms in order, repeats kept
     */
    static List<String> of(String text) {
        List<String> terms = new ArrayList<>();
        Matcher m = LETTERS.matcher(text);
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            if (w.length() >= MIN_LENGTH && !STOP.contains(w)) terms.add(w);
        }
        return terms;
    }

    /**
     * @param word a lower-cased word
     * @return whether it is an English or German stop word
     */
    static boolean isStopWord(String word) {
        return STOP.contains(word);
    }

    /**
     * @param text any text
     * @return how many words of letters it has, stop words included
     */
    static int wordCount(String text) {
        int n = 0;
        Matcher m = LETTERS.matcher(text);
        while (m.find()) n++;
        return n;
    }
}
