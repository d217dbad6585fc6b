package org.ombuds.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * Two approvals make a temporary ban or a written warning, whatever the size of the committee: the shared web database
 * holds many staff accounts, so a quorum counted from the committee would move as other tests add members. Every web
 * test that needs it declares the same settings through this annotation, so that they share one server.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@TestPropertySource(properties = {"ombuds.decisions.quorum.temporary-ban=2", "ombuds.decisions.quorum.written-warning=2"})
public @interface TwoApprovals {
}
