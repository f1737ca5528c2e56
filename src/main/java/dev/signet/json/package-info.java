/**
 * The project's one JSON and YAML mapper ({@link dev.signet.json.Json}): lenient reads with bounds on nesting and
 * string sizes, compact writes in record order, YAML trees with SnakeYAML's alias and size limits, and error causes cut
 * to a safe length. OCI structures, bundles, policies, events and AdmissionReviews are all read through it.
 *
 * <p>Allowed dependencies: {@code reference} (digests are written as their string form), Jackson and SnakeYAML.
 */
package dev.signet.json;
