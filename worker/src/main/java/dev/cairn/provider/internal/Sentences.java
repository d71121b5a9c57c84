package dev.cairn.provider.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Splits running text into sentences, for English, German and other languages that end them with . ! ? */
final class Sentences {

    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private Sentences() {
    }

    /**
     * @param text running text, possibly with layout line breaks
     * @return its sentences in order, whitespace collapsed
     */
    static List<String> split(String text) {
        String s = SPACE.matcher(text).replaceAll(" ").strip();
        List<String> out = new ArrayList<>();
        int begin = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && c != '!' && c != '?' && c != '…') continue;
            int end = i + 1;
            while (end < s.length() && "\"')]”’“«»".indexOf(s.charAt(end)) >= 0) end++;
            // why: a sentence ends at punctuation followed by a space and a capital, digit or quote; "e.g. the" and
            // "z. B. die" do not end one, and neither does an abbreviation of one letter ("S. 12", "J. Smith")
            if (end + 1 < s.length() && s.charAt(end) == ' ' && startsSentence(s.charAt(end + 1)) && !afterInitial(s, i)) {
                add(out, s.substring(begin, end));
                begin = end + 1;
                i = end;
            }
        }
        add(out, s.substring(begin));
        return out;
    }

    /**
     * @param sentence a sentence
     * @return what two copies of it share however they are spaced, cased or punctuated
     */
    static String key(String sentence) {
        return NOT_WORD.matcher(sentence.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    private static boolean afterInitial(String s, int dot) {
        if (s.charAt(dot) != '.' || dot == 0 || !Character.isLetter(s.charAt(dot - 1))) return false;
        return dot == 1 || !Character.isLetter(s.charAt(dot - 2));
    }

    private static boolean startsSentence(char c) {
        return Character.isUpperCase(c) || Character.isDigit(c) || "\"'(“„‘‚«»[".indexOf(c) >= 0;
    }

    private static void add(List<String> out, String sentence) {
        String t = sentence.strip();
        if (!t.isEmpty()) out.add(t);
    }
}
