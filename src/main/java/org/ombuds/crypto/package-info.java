/**
 * Envelope encryption of sensitive fields and files (Tink AEAD, a data key per record wrapped by the master key) and
 * keyed fingerprints of identifiers. Owns the table {@code data_key}.
 */
@ApplicationModule(allowedDependencies = {"platform"})
package org.ombuds.crypto;

import org.springframework.modulith.ApplicationModule;
