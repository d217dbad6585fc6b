package org.ombuds.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ombuds.platform.DataFolder;
import org.ombuds.platform.OmbudsProperties;

// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
class TinkCryptoTest {

    private static TinkCrypto crypto(Path dataDir) throws Exception {
        return new TinkCrypto(keySets(dataDir));
    }

    private static KeySets keySets(Path dataDir) {
        return new KeySets(new DataFolder(new OmbudsProperties(dataDir, null, null, null, null, null, null, null)));
    }

    @Test
    void keySetsAreCreatedOnFirstUseReadableByTheOwnerOnly(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        crypto(data).of("github:octocat");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys/master-aead.json")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys/handle-prf.json")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys")))).isEqualTo("rwx------");
    }

    @Test
    void aKeySetThatCannotBeReadMakesHealthDownAndEveryUseFailWithItsName(@TempDir Path dir) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("master-aead.json"), "{ not a key set");
        KeySets broken = keySets(dir);
        assertThat(broken.health().getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.DOWN);
        assertThatThrownBy(() -> new TinkCrypto(broken).seal("text", "ctx")).hasMessageContaining("master-aead.json is not valid");
        assertThat(keySets(Files.createDirectories(dir.resolve("fresh"))).health().getStatus())
                .isEqualTo(org.springframework.boot.health.contributor.Status.UP);
    }

    @Test
    void sealedValuesOpenAfterARestartAndOnlyInTheirContext(@TempDir Path dir) throws Exception {
        String sealed = crypto(dir).seal("reporter@example.org", "report.contact");
        assertThat(sealed).doesNotContain("reporter");
        var restarted = crypto(dir);
        assertThat(restarted.open(sealed, "report.contact")).isEqualTo("reporter@example.org");
        assertThatThrownBy(() -> restarted.open(sealed, "report.text")).hasMessageContaining("does not open");
    }

    @Test
    void fingerprintsAreStablePerKeyAndDifferBetweenInstances(@TempDir Path one, @TempDir Path two) throws Exception {
        assertThat(crypto(one).of("github:octocat")).isEqualTo(crypto(one).of("github:octocat")).hasSize(64);
        assertThat(crypto(one).of("github:octocat")).isNotEqualTo(crypto(one).of("github:octocat2"));
        assertThat(crypto(one).of("github:octocat")).as("a keyed hash, not a plain one").isNotEqualTo(crypto(two).of("github:octocat"));
    }

    @Test
    void rotationKeepsEarlierDataReadableAndSealsNewDataWithTheNewKey(@TempDir Path dir) throws Exception {
        var before = crypto(dir);
        String old = before.seal("written before the rotation", "ctx");
        String fingerprint = before.of("github:octocat");
        int newKey = before.rotateMasterKey();

        var after = crypto(dir);
        assertThat(after.open(old, "ctx")).isEqualTo("written before the rotation");
        String fresh = after.seal("written after", "ctx");
        // Tink prefixes ciphertext with the id of the key that sealed it.
        assertThat(java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(fresh), 1, 4).getInt()).isEqualTo(newKey);
        assertThat(java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(old), 1, 4).getInt()).isNotEqualTo(newKey);
        assertThat(after.of("github:octocat")).as("fingerprints do not change").isEqualTo(fingerprint);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/master-aead.json")))).isEqualTo("rw-------");
    }
}
