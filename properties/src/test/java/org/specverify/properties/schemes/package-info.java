/**
 * One suite per scheme, each implementing {@link org.specverify.properties.SchemeContract} and adding its own closed
 * forms and guarantees; and the catalogue of deliberately broken schemes that the contract must catch.
 */
package org.specverify.properties.schemes;
