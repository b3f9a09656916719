package io.releasecontrol.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedIdentityTest {

    private static TrustedIdentity withRoles(String spaceSeparated) {
        Set<String> roles = spaceSeparated.isBlank() ? Set.of() : Set.of(spaceSeparated.trim().split(" +"));
        return new TrustedIdentity("alice", roles, Instant.EPOCH);
    }

    @ParameterizedTest(name = "roles [{0}] hasRole({1}) = {2}")
    @CsvSource(textBlock = """
            admin,          admin,    true
            admin,          deployer, true
            admin,          viewer,   true
            deployer,       admin,    false
            deployer,       deployer, true
            deployer,       viewer,   true
            viewer,         admin,    false
            viewer,         deployer, false
            viewer,         viewer,   true
            '',             viewer,   false
            auditor,        auditor,  true
            admin,          auditor,  false
            auditor,        viewer,   false
            viewer auditor, auditor,  true
            """)
    void adminImpliesDeployerImpliesViewer(String roles, String asked, boolean expected) {
        assertThat(withRoles(roles).hasRole(asked)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = "   ")
    void subjectIsRequired(String subject) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TrustedIdentity(subject, Set.of("viewer"), Instant.EPOCH))
                .withMessage("identity subject is required");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingRolesMeanNoRoles(Set<String> roles) {
        assertThat(new TrustedIdentity("alice", roles, Instant.EPOCH).roles()).isEmpty();
    }

    @Test
    void rolesAreACopy() {
        var mutable = new HashSet<>(Set.of(TrustedIdentity.VIEWER));
        var identity = new TrustedIdentity("alice", mutable, Instant.EPOCH);
        mutable.add(TrustedIdentity.ADMIN);

        assertThat(identity.hasRole(TrustedIdentity.ADMIN)).isFalse();
    }
}
