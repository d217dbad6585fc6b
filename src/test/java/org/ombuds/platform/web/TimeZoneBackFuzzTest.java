package org.ombuds.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Whatever a time-zone form sends as its way back, the redirect goes home or to a path of this site that a Location
 * header can carry as it is: printable ASCII, short, a URI without scheme, host or dot segments, which resolved
 * against the site stays on it. The seed corpus (TimeZoneBackFuzzTestInputs) runs with the suite; bench/fuzz.sh fuzzes.
 */
class TimeZoneBackFuzzTest {
    private static final URI SITE = URI.create("https://ombuds.example.org/staff/cases?page=2");

    @FuzzTest
    void everyWayBackIsHomeOrAPathOfThisSiteThatALocationCanCarry(byte[] bytes) {
        String back = new String(bytes, StandardCharsets.UTF_8);
        String safe = TimeZonePage.safeBack(back);
        if (safe.equals("/")) return;
        assertThat(safe).isEqualTo(back).hasSizeLessThanOrEqualTo(TimeZonePage.LONGEST_BACK).startsWith("/").doesNotStartWith("//")
                .matches("[\\x21-\\x7E]+").doesNotContain("\\").doesNotContain("{");
        URI uri = URI.create(safe);
        assertThat(uri.getScheme()).isNull();
        assertThat(uri.getRawAuthority()).isNull();
        assertThat(uri.normalize().getRawPath()).as("no dot segments").isEqualTo(uri.getRawPath());
        URI target = SITE.resolve(uri);
        assertThat(target.getScheme()).isEqualTo("https");
        assertThat(target.getRawAuthority()).isEqualTo("ombuds.example.org");
    }
}
