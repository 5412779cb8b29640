package io.isobench.workloads;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RunSettingsTest {
    @Test
    void eachLengthHasItsSettingsAndOnlyNormalHasNoFlag() {
        assertEquals(RunSettings.QUICK, RunSettings.of(Length.QUICK));
        assertEquals(new RunSettings(0, 2, 5, 500), RunSettings.of(Length.NORMAL));
        assertEquals(new RunSettings(1, 3, 10, 1000), RunSettings.of(Length.THOROUGH));
        assertNull(Length.NORMAL.flag());
        assertEquals(Length.THOROUGH, Length.ofFlag("--thorough"));
        assertNull(Length.ofFlag("--forks"));
    }

    @Test
    void explicitSettingsParseOrAreRefused() {
        assertEquals(new RunSettings(1, 2, 5, 250), RunSettings.parse("1,2,5,250"));
        assertNull(RunSettings.parse("1,2,0,250"), "no measured iteration");
        assertNull(RunSettings.parse("1,2,5,0"), "zero-length iterations");
        assertNull(RunSettings.parse("1,2,5"));
        assertNull(RunSettings.parse("a,2,5,250"));
    }
}
