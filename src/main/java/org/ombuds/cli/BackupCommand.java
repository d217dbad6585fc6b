package org.ombuds.cli;

import java.nio.file.Path;

import org.ombuds.backup.BackupKey;
import org.ombuds.backup.BackupSummary;
import org.ombuds.backup.Backups;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Write an encrypted backup of this instance to FILE while the server runs: a consistent copy of the SQLite "
                + "database, the key sets in keys/ and the attachments. On PostgreSQL the database is pg_dump's part (see the README).",
                "The passphrase comes from OMBUDS_BACKUP_PASSPHRASE or --passphrase-file; keep it apart from the backup."})
final class BackupCommand extends DataCommand {
    @Parameters(paramLabel = "FILE", description = "where to write the backup (replaced once the new one is complete)")
    Path file;
    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "read the passphrase from this file (a final line break is not part of it)")
    Path passphraseFile;

    @Override
    public Integer call() {
        BackupKey key = BackupKey.fromPassphrase(Passphrase.readNew(passphraseFile));
        BackupSummary backup = bean(Backups.class).create(file, key, new ConsoleProgress(err(), "backup"));
        if (!backup.database()) {
            err().println("The database is on PostgreSQL and is not in this backup: back it up with pg_dump (see the README).");
        }
        if (!backup.keySetsOutside().isEmpty()) {
            err().println("The key sets from " + String.join(" and ", backup.keySetsOutside())
                    + " are not in this backup: keep them separately, nothing in the backup can be read without them.");
        }
        out().println("backup written to " + backup.file() + ": " + (backup.database() ? "database, " : "no database, ")
                + ConsoleProgress.count(backup.keySetFiles(), "key set file") + ", " + ConsoleProgress.count(backup.attachments(), "attachment") + ", "
                + ConsoleProgress.size(backup.size()));
        return 0;
    }
}
