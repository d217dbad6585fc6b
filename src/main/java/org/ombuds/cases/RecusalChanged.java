package org.ombuds.cases;

/**
 * An admin recused a member from a case, or lifted a recusal (published inside the changing transaction): the member
 * is told. Carries no reason: whoever tells them reads it through {@link Recusals#notice}, so it is never stored in the clear.
 */
public record RecusalChanged(String caseId, String accountId, String byAccountId, Change change) {
    public enum Change { RECUSED, LIFTED }
}
