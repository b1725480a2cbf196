/** LSP wiring for hover; the logic lives in ../languageservice/features. */
import type { FeatureRegistrar } from './context';

export const registerHover: FeatureRegistrar = () => ({});
