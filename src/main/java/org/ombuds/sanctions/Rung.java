package org.ombuds.sanctions;

import org.ombuds.coc.ActionKind;

/** The action a decision takes, as the Code in force defines it: its id, its kind and the quorum the Code declared (or null). */
record Rung(String action, ActionKind kind, String quorum) {
    static final Rung NO_ACTION = new Rung(ActionKind.NO_ACTION.id(), ActionKind.NO_ACTION, null);
}
