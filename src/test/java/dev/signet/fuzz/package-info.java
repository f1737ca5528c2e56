/**
 * A deterministic fuzzing harness for the parsers that face the outside (issue 7): structure-aware mutants of the
 * golden vectors and recorded fixtures, run in CI-sized batches of 10,000 cases per target.
 *
 * <p>{@link dev.signet.fuzz.FuzzTarget} names a parser: seeds, a {@link dev.signet.fuzz.Mutator}, the parse call
 * and the exception types it documents. {@link dev.signet.fuzz.Fuzzer} runs it and fails the test on a finding: any
 * other exception or {@code Error} (a StackOverflowError included), a rejection whose message breaks
 * {@link dev.signet.fuzz.MessageShape}, a broken invariant on an accepted input, or a case that outlives the target's
 * time bound (a hang). Case {@code i} depends only on the run seed, the target name and {@code i}, so the reported
 * command replays one case: {@code ./mvnw -B test -Dtest=<Class> -Dsignet.fuzz.seed=<seed> -Dsignet.fuzz.target=<name>
 * -Dsignet.fuzz.case=<i>}. {@code -Dsignet.fuzz.scale=10} runs ten times as many cases, {@code -Dsignet.fuzz.seed=random}
 * a fresh seed (printed in the summary line).
 *
 * <p>Mutators: {@link dev.signet.fuzz.Mutators#bytes()} (havoc: flips, tokens, deletions, duplications, huge runs),
 * {@link dev.signet.fuzz.Mutators#json()} (deleted members, type swaps, deep nesting, base64 values mutated inside),
 * {@link dev.signet.fuzz.Mutators#der()} (ASN.1 re-encoded with consistent lengths), {@link dev.signet.fuzz.Mutators#pem()}
 * (the DER or JSON inside PEM blocks). The whole suite is {@code ./mvnw -B test -Dtest='*FuzzTest'}.
 */
package dev.signet.fuzz;
