export interface Config {
  slipway?: {
    /** Settings of the example portal only. */
    portal?: {
      /**
       * Which permission policy the example backend installs:
       * `allow-all` (default) or `owners-act` (everyone reads; owners act).
       */
      permissionPolicy?: 'allow-all' | 'owners-act';
    };
  };
}
