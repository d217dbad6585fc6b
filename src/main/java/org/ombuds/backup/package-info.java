/**
 * Backup and restore of an instance: one encrypted file holding a consistent copy of the SQLite database (on
 * PostgreSQL that part is pg_dump's), the key set files and everything else in the data folder (attachments). The
 * file is sealed with a key derived from a passphrase that the backup does not contain, since it holds the master
 * key set.
 */
@ApplicationModule(allowedDependencies = {"audit", "crypto", "platform"})
package org.ombuds.backup;

import org.springframework.modulith.ApplicationModule;
