package dev.cairn.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlMetricNamesTest {

    @Test
    void shouldFindAPlainSelectorWithMatchersAndRange() {
        assertThat(PromQlMetricNames.of("rate(cairn_jobs_started_total{type=\"pdf-processing\", instance=~\"$instance\"}[5m])"))
                .containsExactly("cairn_jobs_started_total");
    }

    @Test
    void shouldKeepHistogramSeriesNamesAndDropLabelListsAndNumbers() {
        assertThat(PromQlMetricNames.of("histogram_quantile(0.99, sum by (le, provider) (rate(cairn_provider_request_seconds_bucket[$__rate_interval])))"))
                .containsExactly("cairn_provider_request_seconds_bucket");
        assertThat(PromQlMetricNames.of("sum(rate(a_sum[5m])) by (type) / sum without (instance) (rate(a_count[5m])) > 1e3"))
                .containsExactly("a_count", "a_sum");
    }

    @Test
    void shouldPassOverKeywordsVectorMatchingAndOffsets() {
        assertThat(PromQlMetricNames.of("""
                max(cairn_dlq_entries) >= bool 10 and on (instance) group_left (job) up{job="cairn-worker"} == 0
                or cairn_redis_up offset 5m unless absent(cairn_job_storage_up)
                """))
                .containsExactly("cairn_dlq_entries", "cairn_job_storage_up", "cairn_redis_up", "up");
    }

    @Test
    void shouldNotMistakeLabelValuesOrVariablesForMetrics() {
        assertThat(PromQlMetricNames.of("sum(increase(cairn_dlq_added_total{type=~'pdf_processing|x'}[${__range}])) > $threshold"))
                .containsExactly("cairn_dlq_added_total");
        assertThat(PromQlMetricNames.of("vector(0)")).isEmpty();
    }
}
