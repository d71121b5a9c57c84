package dev.cairn.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every {@code targets[].expr} of a Grafana dashboard, including the panels of collapsed rows. */
final class DashboardQueries {

    private DashboardQueries() {
    }

    /**
     * @param dashboard a Grafana dashboard JSON file
     * @return its queries, each named by its panel's title
     */
    static List<Query> read(Path dashboard) throws IOException {
        List<Query> queries = new ArrayList<>();
        collect(new ObjectMapper().readTree(dashboard.toFile()).path("panels"), queries);
        return queries;
    }

    private static void collect(JsonNode panels, List<Query> into) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) into.add(new Query("panel '" + panel.path("title").asText() + "'", target.get("expr").asText()));
            }
            // why: a collapsed row keeps its panels inside itself instead of in the top-level list
            collect(panel.path("panels"), into);
        }
    }
}
