package dev.cairn.ops;

/**
 * One PromQL expression of the ops config.
 *
 * @param source where it is, for failure messages: a panel title or an alert name
 * @param expr   the expression
 */
record Query(String source, String expr) {
}
