package dev.cairn.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlSelectorsTest {

    @Test
    void shouldCutEachSelectorWithItsMatchersOutOfFunctionsRangesAndComparisons() {
        assertThat(PromQlSelectors.of("""
                sum(rate(cairn_jobs_completed_total{job="cairn-worker",outcome="failed"}[15m])) by (type)
                  / sum(rate(cairn_jobs_completed_total{job="cairn-worker",outcome=~"succeeded|failed"}[15m])) > 0.1
                and absent(up == 1) or max(cairn_dlq_entries {job="cairn-worker"}) >= 10
                """)).containsExactly(
                "cairn_jobs_completed_total{job=\"cairn-worker\",outcome=\"failed\"}",
                "cairn_jobs_completed_total{job=\"cairn-worker\",outcome=~\"succeeded|failed\"}",
                "up",
                "cairn_dlq_entries{job=\"cairn-worker\"}");
    }

    @Test
    void shouldListASelectorUsedTwiceOnce() {
        assertThat(PromQlSelectors.of("histogram_quantile(0.95, sum by (le) (rate(x_bucket{a=\"b\"}[5m]))) > x_bucket{a=\"b\"}"))
                .containsExactly("x_bucket{a=\"b\"}");
    }
}
