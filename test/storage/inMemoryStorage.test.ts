import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { describeCasContract } from './casContract';

describeCasContract('InMemoryStorage', () => new InMemoryStorage());
