/** The template's render helpers live in the local world's test helpers (shared with its build tests). */
export { listFiles, renderSkeleton } from 'local-world/testing';
