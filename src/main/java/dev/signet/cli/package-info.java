/**
 * The {@code signet} command line (picocli), modelled on cosign's verbs and built into {@code target/signet-cli.jar}
 * without Quarkus, so it starts in a fraction of a second. See {@code shared/spec/interfaces.md} §2.
 *
 * <p>Like {@code app}, this package is a composition root: it alone (besides {@code app}) reads environment
 * variables, through {@link dev.signet.cli.Terminal}, which tests replace. Exit codes: 0 success, 2 usage or input
 * error, 3 registry or Kubernetes unreachable, and cosign's 10/11/12/1 for {@code verify}.
 *
 * <p>Allowed dependencies: {@code reference}, {@code oci}, {@code keys}, {@code signature}, {@code registry},
 * {@code registry.auth}, {@code signing}, {@code verification}, {@code sigstore}, {@code policy}, {@code kube} (for cosign's
 * {@code k8s://} key references only), {@code kms} (to say offline that KMS keys are not read), picocli, the fabric8 client and Jackson; never Quarkus.
 */
package dev.signet.cli;
