package dev.signet.manifests;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.Function;

/**
 * Something Signet's code does against the Kubernetes API, run for real against {@link RecordingApiServer} so the
 * requests it makes can be checked against the RBAC of the manifests.
 *
 * @param name what runs and why, for the test report
 * @param subject whose permissions the requests use
 * @param run starts the component with the client and returns it still running, so watches it opens are recorded
 *     before it is closed
 */
record Exercise(String name, Subject subject, Run run) {

    /** Starts a component; the returned handle stops it. */
    @FunctionalInterface
    interface Run {
        AutoCloseable start(KubernetesClient client) throws Exception;
    }

    /**
     * Who makes the requests.
     *
     * @param description for messages
     * @param grants what the manifests grant to it
     */
    record Subject(String description, Function<Rbac, List<Rbac.Grant>> grants) {
        /** A ServiceAccount, with what the bindings of the manifests grant it. */
        static Subject serviceAccount(String namespace, String name) {
            return new Subject("ServiceAccount " + namespace + "/" + name, rbac -> rbac.grantedTo(namespace, name));
        }

        /** Whoever an administrator binds Role {@code namespace/role} to. */
        static Subject boundTo(String namespace, String role) {
            return new Subject("a subject bound to Role " + namespace + "/" + role, rbac -> rbac.ofRoleOnceBound(namespace, role));
        }
    }

    /** The admission adapter's identity (k8s/). */
    static final Subject ADAPTER = Subject.serviceAccount("signet-system", "signet-admission");
    /** The signer's identity (knative/). */
    static final Subject SIGNER = Subject.serviceAccount("signet-system", "signet-signer");
    /** The verifier's identity (knative/). */
    static final Subject VERIFIER = Subject.serviceAccount("signet-system", "signet-verifier");

    static Exercise as(Subject subject, String name, Run run) {
        return new Exercise(name, subject, run);
    }

    @Override
    public String toString() {
        return name;
    }
}
