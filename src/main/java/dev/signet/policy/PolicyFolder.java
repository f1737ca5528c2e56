package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The embedded default policy source: every {@code *.yaml}, {@code *.yml} and {@code *.json} in a folder (not
 * recursive), each document of each file a policy. {@link #sync()} reads only files whose modification time or size
 * changed, so calling it every few seconds is cheap; removed files and documents leave the repository.
 */
public final class PolicyFolder {
    private final Path directory;
    private final PolicyRepository repository;
    private final Map<Path, Stamp> seen = new HashMap<>();

    private record Stamp(FileTime modified, long size, int documents) {
    }

    public PolicyFolder(Path directory, PolicyRepository repository) {
        this.directory = directory;
        this.repository = repository;
    }

    /**
     * Brings the repository in line with the folder.
     *
     * @return the updates made (compiled or failed documents), for the log
     */
    public synchronized List<PolicyRepository.Update> sync() {
        List<PolicyRepository.Update> updates = new ArrayList<>();
        Set<Path> present = new HashSet<>();
        for (Path file : files()) {
            present.add(file);
            Stamp stamp;
            try {
                stamp = new Stamp(Files.getLastModifiedTime(file), Files.size(file), 0);
            } catch (IOException e) {
                continue; // gone between listing and reading: the next sync removes it
            }
            Stamp previous = seen.get(file);
            if (previous != null && previous.modified().equals(stamp.modified()) && previous.size() == stamp.size()) {
                continue;
            }
            int documents = load(file, previous == null ? 0 : previous.documents(), updates);
            seen.put(file, new Stamp(stamp.modified(), stamp.size(), documents));
        }
        for (Path gone : new ArrayList<>(seen.keySet())) {
            if (!present.contains(gone)) {
                for (int i = 0; i < seen.get(gone).documents(); i++) {
                    repository.remove(key(gone, i));
                }
                seen.remove(gone);
            }
        }
        return updates;
    }

    private int load(Path file, int previousDocuments, List<PolicyRepository.Update> updates) {
        String source = file.toString();
        List<JsonNode> documents;
        try {
            if (Files.size(file) > PolicyDocuments.MAX_BYTES) {
                throw new PolicyException("read policy file", source, "larger than " + PolicyDocuments.MAX_BYTES + " bytes");
            }
            documents = PolicyDocuments.read(Files.readString(file, StandardCharsets.UTF_8), source);
        } catch (SignetException e) {
            updates.add(repository.recordProblem(key(file, 0), e.getMessage()));
            return Math.max(previousDocuments, 1);
        } catch (IOException e) {
            updates.add(repository.recordProblem(key(file, 0), "read policy file " + source + ": " + e.getMessage()));
            return Math.max(previousDocuments, 1);
        }
        for (int i = 0; i < documents.size(); i++) {
            updates.add(repository.put(key(file, i), documents.get(i), source));
        }
        for (int i = documents.size(); i < previousDocuments; i++) {
            repository.remove(key(file, i));
        }
        return documents.size();
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.{yaml,yml,json}")) {
            for (Path file : stream) {
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of(); // no folder: no policies, which the readiness detail reports
        } catch (IOException e) {
            throw new PolicyException("list policies", directory.toString(), e.getMessage());
        }
        files.sort(null);
        return files;
    }

    private static String key(Path file, int index) {
        return file + "#" + index;
    }
}
