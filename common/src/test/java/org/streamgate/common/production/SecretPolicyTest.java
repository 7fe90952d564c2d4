package org.streamgate.common.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.streamgate.common.token.SigningKey;

class SecretPolicyTest {

    /** What {@code openssl rand -base64 48} prints. */
    private static final String STRONG = "q7Vb2mXkP0sL9rTe4WcYh1NjUa8Zd3Gf6Ri5Ko2Ms7Qx0Bv";

    @Test
    void aRandomSecretIsAccepted() {
        assertEquals(Optional.empty(), SecretPolicy.productionProblem(STRONG));
        assertEquals(Optional.empty(), SecretPolicy.productionProblem("0123456789abcdef0123456789abcdef"), "32 hex digits");
    }

    @Test
    void missingAndBlankAreRefused() {
        assertEquals(Optional.of(SecretProblem.MISSING), SecretPolicy.productionProblem(null));
        assertEquals(Optional.of(SecretProblem.MISSING), SecretPolicy.productionProblem("  "));
    }

    @Test
    void shorterThan32BytesIsRefused() {
        assertEquals(Optional.of(SecretProblem.TOO_SHORT), SecretPolicy.productionProblem(STRONG.substring(0, 31)));
        assertEquals(Optional.empty(), SecretPolicy.productionProblem(STRONG.substring(0, 32)));
        // bytes, not characters: 16 two-byte characters are 32 bytes
        assertTrue(SecretPolicy.isLongEnough("äöüßéèêëïîôûàçñø"));
        assertFalse(SecretPolicy.isLongEnough(STRONG.substring(0, 31)));
    }

    @Test
    void fewDistinctCharactersAreRefused() {
        assertEquals(Optional.of(SecretProblem.TOO_FEW_DISTINCT_CHARACTERS),
                SecretPolicy.productionProblem("a".repeat(40)));
        assertEquals(Optional.of(SecretProblem.TOO_FEW_DISTINCT_CHARACTERS),
                SecretPolicy.productionProblem("123456789".repeat(4)));
        assertEquals(Optional.empty(), SecretPolicy.productionProblem("1234567890".repeat(4)));
    }

    @Test
    void placeholdersFromExampleFilesAreRefused() {
        for (String placeholder : new String[] {"CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME", "changeme0123456789abcdefghijklmnop",
                "replace-with-a-long-random-secret-value", "my-EXAMPLE-secret-for-the-docs-0123456789",
                "placeholder-0123456789-abcdefghijkl", "<insert a 32 byte random secret here>"}) {
            assertEquals(Optional.of(SecretProblem.PLACEHOLDER), SecretPolicy.productionProblem(placeholder), placeholder);
        }
    }

    @Test
    void devSecretsCarryTheMarkerAndAreRefusedInProduction() {
        String dev = SecretPolicy.devSecret(STRONG);
        assertTrue(dev.startsWith(SecretPolicy.DEV_MARKER));
        assertTrue(SecretPolicy.isDevSecret(dev));
        assertFalse(SecretPolicy.isDevSecret(STRONG));
        assertEquals(Optional.of(SecretProblem.DEV_SECRET), SecretPolicy.productionProblem(dev));
        assertTrue(SecretPolicy.isLongEnough(dev), "development accepts its own secrets");
    }

    @Test
    void reasonsNeverContainTheValue() {
        for (SecretProblem problem : SecretProblem.values()) {
            assertFalse(problem.reason().contains(STRONG));
            assertFalse(problem.reason().isBlank());
        }
        assertTrue(SecretProblem.TOO_SHORT.reason().contains("32 bytes"));
    }

    @Test
    void theSigningKeyUsesTheSameFloor() {
        assertEquals(SecretPolicy.MIN_SECRET_BYTES, SigningKey.MIN_SECRET_BYTES);
        assertThrows(IllegalArgumentException.class, () -> SigningKey.of(STRONG.substring(0, 31)));
    }

    @Test
    void deploymentModeIsDevelopmentUnlessSaidOtherwiseAndTyposAreErrors() {
        assertEquals(DeploymentMode.DEVELOPMENT, DeploymentMode.from(Map.of()));
        assertEquals(DeploymentMode.DEVELOPMENT, DeploymentMode.from(Map.of("STREAMGATE_ENV", " ")));
        assertEquals(DeploymentMode.DEVELOPMENT, DeploymentMode.from(Map.of("STREAMGATE_ENV", "development")));
        assertEquals(DeploymentMode.PRODUCTION, DeploymentMode.from(Map.of("STREAMGATE_ENV", " Production ")));
        assertTrue(DeploymentMode.PRODUCTION.isProduction());
        var e = assertThrows(IllegalArgumentException.class, () -> DeploymentMode.from(Map.of("STREAMGATE_ENV", "prod")));
        assertTrue(e.getMessage().startsWith("STREAMGATE_ENV "), e.getMessage());
    }

    @Test
    void theLogFormatIsChosenBeforeTheConfigurationReportsABadValue() {
        assertTrue(DeploymentMode.declaredProduction(Map.of("STREAMGATE_ENV", "production")));
        assertFalse(DeploymentMode.declaredProduction(Map.of("STREAMGATE_ENV", "development")));
        assertFalse(DeploymentMode.declaredProduction(Map.of()));
        assertFalse(DeploymentMode.declaredProduction(Map.of("STREAMGATE_ENV", "prod")), "a typo is reported later");
    }
}
