/**
 * A user's own scheme, written outside the project's packages as a reader of the documentation would write it, and
 * checked by the same contract and properties as the built-in schemes.
 */
package com.example.myscheme;
