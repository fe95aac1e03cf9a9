// Tests here render the template and push with git: seconds of real work,
// longer on a loaded 2-core machine than jest's 5 s default.
jest.setTimeout(60_000);
