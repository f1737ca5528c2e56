package dev.signet.admission;

/** AdmissionReview bodies as the API server sends them (admission.k8s.io/v1). */
final class AdmissionReviewsFixture {

    private AdmissionReviewsFixture() {
    }

    static String pod(String uid, String namespace, String annotations, String... images) {
        StringBuilder containers = new StringBuilder();
        for (int i = 0; i < images.length; i++) {
            containers.append(i == 0 ? "" : ",").append("{\"name\":\"c").append(i).append("\",\"image\":\"").append(images[i]).append("\"}");
        }
        String object = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":\"" + namespace + "\",\"annotations\":{"
                + annotations + "}},\"spec\":{\"containers\":[" + containers + "]}}";
        return review(uid, "\"\",\"version\":\"v1\",\"kind\":\"Pod\"", "pods", namespace, "web", object, false);
    }

    static String deployment(String uid, String namespace, String image) {
        String object = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"" + namespace + "\"},"
                + "\"spec\":{\"template\":{\"spec\":{\"initContainers\":[{\"name\":\"init\",\"image\":\"" + image + "\"}],\"containers\":[]}}}}";
        return review(uid, "\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"", "deployments", namespace, "web", object, false);
    }

    static String review(String uid, String groupVersionKind, String resource, String namespace, String name, String object, boolean dryRun) {
        return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"" + uid + "\","
                + "\"kind\":{\"group\":" + groupVersionKind + "},\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"" + resource + "\"},"
                + "\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\",\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"alice\"},"
                + "\"object\":" + object + ",\"oldObject\":null,\"dryRun\":" + dryRun + ",\"options\":{}}}";
    }
}
