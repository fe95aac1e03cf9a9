/** Test-only package: see src/*.test.ts. */
export {};
