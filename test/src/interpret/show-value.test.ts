import { describe, expect, it } from 'vitest'
import { caseKey, showValue } from '../../../src/interpret/show-value.js'

describe('showValue', () => {
  it('describes every kind of value without throwing', () => {
    expect(showValue('ab')).toBe('"ab"')
    expect(showValue('x'.repeat(50))).toBe(JSON.stringify('x'.repeat(40) + '…'))
    expect(showValue(1.5)).toBe('1.5')
    expect(showValue(true)).toBe('true')
    expect(showValue(undefined)).toBe('undefined')
    expect(showValue(5n)).toBe('5n')
    expect(showValue(Symbol('s'))).toBe('Symbol(s)')
    expect(showValue(() => 1)).toBe('a function')
    expect(showValue(null)).toBe('null')
    expect(showValue(new RangeError('bad'))).toBe('RangeError: bad')
    expect(showValue(Uint8Array.of(1, 2))).toBe('Uint8Array(2)')
    expect(showValue([1, 2, 3])).toBe('an array of 3')
    expect(showValue(Object.create(null))).toBe('an object')
    expect(showValue({ toString: () => { throw new Error('no') } })).toBe('an object')
  })
})

describe('caseKey', () => {
  it('keys primitives as String does and refuses everything else', () => {
    expect(caseKey('on')).toBe('on')
    expect(caseKey(3)).toBe('3')
    expect(caseKey(3n)).toBe('3')
    expect(caseKey(false)).toBe('false')
    expect(caseKey(undefined)).toBeUndefined()
    expect(caseKey(null)).toBeUndefined()
    expect(caseKey(Object.create(null))).toBeUndefined()
    expect(caseKey(Symbol('s'))).toBeUndefined()
  })
})
