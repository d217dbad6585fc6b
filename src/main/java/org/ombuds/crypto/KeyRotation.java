package org.ombuds.crypto;

/** Rotation of the master key that wraps every record's data key. */
public interface KeyRotation {
    /**
     * Makes a new master key primary; earlier keys stay so that existing data opens. Running servers use the
     * new key after a restart. Returns the new key's id.
     */
    int rotateMasterKey();
}
