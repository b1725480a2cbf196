/** LSP wiring for completion; the logic lives in ../languageservice/features. */
import type { FeatureRegistrar } from './context';

export const registerCompletion: FeatureRegistrar = () => ({});
