import manifest from '../../package.json' with { type: 'json' };

/** The product version, from the extension manifest. */
export const VERSION: string = manifest.version;
