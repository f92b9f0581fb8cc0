export { Bus } from './Bus.ts';
