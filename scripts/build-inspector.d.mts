/** Builds the inspector page into `outDir` (default dist/inspector); resolves to the folder. */
export function buildInspectorPage(outDir?: string): Promise<string>
