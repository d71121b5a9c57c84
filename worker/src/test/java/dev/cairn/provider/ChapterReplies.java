package dev.cairn.provider;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a {@link FakeProviderServer} answers to {@code chapter-generation}'s calls in end-to-end tests, and
 * how a test counts the section requests it was paid for.
 */
public final class ChapterReplies {

    private static final Pattern SECTION_TITLE = Pattern.compile("Write section (\\d+)");

    private ChapterReplies() {
    }

    /** @param request a request the provider got @return whether it asks for the outline (a JSON reply) */
    public static boolean isOutline(FakeProviderServer.Request request) {
        return request.body().contains("json_object");
    }

    /**
     * @param title    the chapter's title
     * @param sections how many sections, titled {@code Part 1} … {@code Part n}
     * @return an outline reply as the {@code outline} step expects it
     */
    public static String outline(String title, int sections) {
        StringBuilder parts = new StringBuilder();
        for (int i = 1; i <= sections; i++) {
            if (i > 1) parts.append(',');
            parts.append("{\"title\":\"Part ").append(i).append("\",\"summary\":\"About part ").append(i).append(".\"}");
        }
        return "{\"title\":\"" + title + "\",\"sections\":[" + parts + "]}";
    }

    /** @param provider the fake provider @return section number → how often it was requested */
    public static Map<Integer, Long> sectionRequests(FakeProviderServer provider) {
        return provider.bodies().stream().filter(b -> !b.contains("json_object")).map(ChapterReplies::section)
                .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    }

    /**
     * @param provider the fake provider
     * @param topic    the topic of one of several chapter jobs
     * @return section number → how often that job requested it
     */
    public static Map<Integer, Long> sectionRequests(FakeProviderServer provider, String topic) {
        return provider.bodies().stream().filter(b -> !b.contains("json_object") && b.contains(aboutTopic(topic)))
                .map(ChapterReplies::section).collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    }

    /** @param provider the fake provider @param topic a job's topic @return how often that job requested its outline */
    public static long outlineRequests(FakeProviderServer provider, String topic) {
        return provider.bodies().stream().filter(b -> b.contains("json_object") && b.contains("about this topic: " + topic + "\\n")).count();
    }

    /** What a section request of the chapter on {@code topic} says, as it appears in the JSON body. */
    private static String aboutTopic(String topic) {
        return "is about: " + topic + "\\n";
    }

    /** @param provider the fake provider @return how often the outline was requested */
    public static long outlineRequests(FakeProviderServer provider) {
        return provider.bodies().stream().filter(b -> b.contains("json_object")).count();
    }

    /** @param request a section request @return the number of the section it asks for (from 1), or -1 */
    public static int sectionOf(FakeProviderServer.Request request) {
        return section(request.body());
    }

    private static int section(String body) {
        Matcher m = SECTION_TITLE.matcher(body);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
