export async function run(_a: string[]): Promise<number> { return 0; }
