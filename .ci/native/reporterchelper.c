/*
 * The two natives the GraalVM builder's progress reporter loads from <java.home>/lib/svm/builder/lib: GraalVM ships
 * the library with its JDK, Maven Central does not, and without it the builder dies in its epilogue and hides the
 * build's own outcome. .ci/native/check compiles this into a private copy of the JDK it runs the builder on.
 */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

/* Peak resident set size in bytes (Linux reports ru_maxrss in KiB), -1 if unknown. */
JNIEXPORT jlong JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass type) {
    struct rusage usage;
    return getrusage(RUSAGE_SELF, &usage) == 0 ? (jlong) usage.ru_maxrss * 1024 : -1;
}

/* The terminal's width, -1 when standard output is not a terminal (CI, a pipe): the reporter then uses its default. */
JNIEXPORT jint JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env, jclass type) {
    struct winsize size;
    return ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : -1;
}
