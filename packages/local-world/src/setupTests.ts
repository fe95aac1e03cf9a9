// Tests here run git, builds and moto_server on a shared 2-core machine.
jest.setTimeout(60_000);
