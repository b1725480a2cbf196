/** LSP wiring for navigation; the logic lives in ../languageservice/features. */
import type { FeatureRegistrar } from './context';

export const registerNavigation: FeatureRegistrar = () => ({});
