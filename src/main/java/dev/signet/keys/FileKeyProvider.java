package dev.signet.keys;

import dev.signet.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The embedded default key source (interfaces.md §4): {@code DIR/NAME/cosign.key}, {@code cosign.pub} and
 * {@code cosign.password}, the Secret layout on disk. A decrypted key is kept until one of its files changes
 * (modification time and size), so scrypt runs once per key version and a replaced key takes effect without restart.
 * A key that does not open (wrong password, damaged) is remembered the same way, until a file changes.
 *
 * <p>The app's file keys and {@code signet policy test --keys-dir} read the same layout, so a policy written for the
 * cluster runs locally unchanged: {@code k8s://NS/NAME} is {@code DIR/NS/NAME}, else {@code DIR/NAME}.
 */
public final class FileKeyProvider implements KeyProvider {
    private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

    private final Path directory;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();
    private final AtomicLong decryptions = new AtomicLong();

    public FileKeyProvider(Path directory) {
        this.directory = directory;
    }

    private record Version(FileTime keyTime, long keySize, FileTime passwordTime, long passwordSize) {
    }

    /** The outcome of decrypting one version of a key's files: the key, or why it does not open. */
    private record Loaded(Version version, SigningKey key, KeyException failure) {
        SigningKey get() {
            if (failure != null) {
                throw failure;
            }
            return key;
        }
    }

    @Override
    public SigningKey signingKey(String keyRef) {
        Path folder = folder(keyRef);
        Path keyFile = folder.resolve("cosign.key");
        Path passwordFile = folder.resolve("cosign.password");
        Version version = version(keyRef, keyFile, passwordFile);
        Loaded loaded = cache.get(keyRef);
        if (loaded != null && loaded.version().equals(version)) {
            return loaded.get();
        }
        // compute, not computeIfAbsent: two threads may both decrypt once after a rotation, never block each other
        char[] password = Files.exists(passwordFile) ? readChars(keyRef, passwordFile) : new char[0];
        try {
            String encrypted = read(keyRef, keyFile);
            decryptions.incrementAndGet();
            SigningKey key = CosignEncryptedKey.decrypt(encrypted, password, keyRef);
            cache.put(keyRef, new Loaded(version, key, null));
            return key;
        } catch (KeyException e) {
            // a wrong password or a damaged key stays so until a file changes: remembered per version, so readiness
            // probes and admissions do not run scrypt (~0.2 s, 64 MiB) again for every call (issue 13, item 14)
            if (e.reason() != Reason.KEY_NOT_FOUND) {
                cache.put(keyRef, new Loaded(version, null, e));
            }
            throw e;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public VerificationKey verificationKey(String keyRef) {
        Path publicFile = folder(keyRef).resolve("cosign.pub");
        if (Files.exists(publicFile)) {
            return PemKeys.parsePublicKey(read(keyRef, publicFile), keyRef);
        }
        return signingKey(keyRef).verificationKey();
    }

    /** How many times a key was decrypted (scrypt ran), successfully or not; for tests of the per-version cache. */
    public long decryptions() {
        return decryptions.get();
    }

    private Path folder(String keyRef) {
        KeyRef ref = KeyRef.parse(keyRef);
        if (ref instanceof KeyRef.Secret secret) {
            Path namespaced = directory.resolve(secret.namespace()).resolve(secret.name());
            return Files.isDirectory(namespaced) ? namespaced : directory.resolve(secret.name());
        }
        if (!(ref instanceof KeyRef.File file) || !KEY_NAME.matcher(file.path()).matches()) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "a file key is named by a folder name under " + directory,
                    "or k8s://NAMESPACE/NAME, read from DIR/NAMESPACE/NAME or DIR/NAME", null);
        }
        return directory.resolve(file.path());
    }

    private static Version version(String keyRef, Path keyFile, Path passwordFile) {
        try {
            boolean hasPassword = Files.exists(passwordFile);
            return new Version(Files.getLastModifiedTime(keyFile), Files.size(keyFile),
                    hasPassword ? Files.getLastModifiedTime(passwordFile) : null, hasPassword ? Files.size(passwordFile) : -1);
        } catch (NoSuchFileException e) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "no file " + keyFile, null, null);
        } catch (IOException e) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "cannot read " + keyFile + " (" + e.getClass().getSimpleName() + ")", null, null);
        }
    }

    private static String read(String keyRef, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "no file " + file, null, null);
        } catch (IOException e) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")", null, null);
        }
    }

    /** The password file as cosign's Secret holds it: the exact bytes, no trailing-newline trimming. */
    private static char[] readChars(String keyRef, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyException(Reason.KEY_LOCKED, "read password for", keyRef, "cannot read " + file, null, null);
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        Arrays.fill(bytes, (byte) 0);
        char[] password = new char[chars.remaining()];
        chars.get(password);
        Arrays.fill(chars.array(), '\0');
        return password;
    }
}
