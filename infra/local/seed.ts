export async function seedDemo(_r: unknown, _p: (l: string) => void) {}
