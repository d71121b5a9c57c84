package dev.cairn.ops;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertExpressionsTest {

    @Test
    void shouldReadInlineQuotedAndBlockExpressionsWithTheirAlertNames() {
        List<Query> queries = AlertExpressions.parse("""
                groups:
                  - name: cairn
                    rules:
                      - alert: Plain
                        expr: up == 0
                        for: 1m
                      - alert: Quoted
                        expr: 'max(cairn_dlq_entries{a=''b''}) >= 10'
                      - alert: Block
                        expr: |
                          sum(rate(x_total[5m]))

                            / sum(rate(y_total[5m])) > 0.1
                        labels:
                          severity: warning
                """.lines().toList());

        assertThat(queries).containsExactly(
                new Query("alert Plain", "up == 0"),
                new Query("alert Quoted", "max(cairn_dlq_entries{a='b'}) >= 10"),
                new Query("alert Block", "sum(rate(x_total[5m]))\n\n/ sum(rate(y_total[5m])) > 0.1"));
    }
}
