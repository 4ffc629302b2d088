export const hello = 'src';
