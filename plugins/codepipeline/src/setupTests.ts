import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The whole repository's tests share two cores with builds and emulators:
// give slow renders time instead of failing on the defaults (5 s, 1 s).
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 5_000 });
