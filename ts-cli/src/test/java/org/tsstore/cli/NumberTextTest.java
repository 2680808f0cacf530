package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NumberTextTest {

    @Test
    void examples() {
        assertEquals("0", NumberText.of(0));
        assertEquals("-0", NumberText.of(-0.0));
        assertEquals("42", NumberText.of(42));
        assertEquals("-7", NumberText.of(-7.0));
        assertEquals("19.9", NumberText.of(19.9));
        assertEquals("0.3", NumberText.of(0.1 + 0.2));
        assertEquals("3.14159", NumberText.of(Math.PI));
        assertEquals("123457", NumberText.of(123456.789));
        assertEquals("1700000000", NumberText.of(1.7e9));
        assertEquals("1e+15".replace("+", ""), NumberText.of(1e15));
        assertEquals("1.5e-7", NumberText.of(1.5e-7));
        assertEquals("0.0001", NumberText.of(1e-4));
        assertEquals("NaN", NumberText.of(Double.NaN));
        assertEquals("inf", NumberText.of(Double.POSITIVE_INFINITY));
        assertEquals("-inf", NumberText.of(Double.NEGATIVE_INFINITY));
        assertEquals("3.141592654", NumberText.of(Math.PI, 10));
    }
}
