/** A value no URL can carry (apiPath): nothing was sent; the operation's error handling shows it as the item's error. */
export class UnsendableValue extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnsendableValue';
	}
}
