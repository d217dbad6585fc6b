package org.ombuds.cli;

import java.nio.file.Path;

import org.ombuds.backup.Restoration;
import org.ombuds.backup.RestoreSummary;
import org.ombuds.platform.OmbudsProperties;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup made with 'backup' into the data folder (OMBUDS_DATA_DIR), which must be empty or absent. "
                + "Nothing is written there unless the whole file opens and authenticates.",
                "The passphrase comes from OMBUDS_BACKUP_PASSPHRASE or --passphrase-file."})
final class RestoreCommand extends DataCommand {
    @Parameters(paramLabel = "FILE", description = "the backup file")
    Path file;
    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "read the passphrase from this file (a final line break is not part of it)")
    Path passphraseFile;

    @Override
    public Integer call() {
        char[] passphrase = Passphrase.read(passphraseFile);
        OmbudsProperties settings = settings();
        RestoreSummary restored = Restoration.restore(file, passphrase, settings.dataDir(), settings.db().embedded(),
                new ConsoleProgress(err(), "restore"));
        if (restored.keySetFiles() == 0) {
            err().println("This backup holds no key set files (they came from OMBUDS_KEYSET_AEAD / OMBUDS_KEYSET_PRF): "
                    + "set those variables to the key sets kept with it.");
        }
        out().println("restored the backup of " + restored.madeAt() + " into " + restored.dataFolder() + ": "
                + (restored.database() ? "database, " : "no database, ")
                + ConsoleProgress.count(restored.keySetFiles(), "key set file") + ", " + ConsoleProgress.count(restored.attachments(), "attachment"));
        return 0;
    }
}
