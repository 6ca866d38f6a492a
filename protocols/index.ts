/**
 * The protocol grammars: TLM telemetry, EVR event records, and detection.
 * @module oxwire/protocols
 */
export * from './telemetry.js'
export * from './event-record.js'
export * from './detect.js'
export { pcapFile, type PcapFile, type PcapRecord, type PcapLink, type PcapEthernet, type PcapLoopback, type PcapRaw, type PcapLinuxCooked, type PcapOtherLink } from './pcap.js'
export { pcapngFile, type PcapngFile, type PcapngBlock, type PcapngInterface, type PcapngEnhancedPacket, type PcapngSimplePacket, type PcapngOtherBlock, type PcapngOption } from './pcapng.js'
export { ethernetFrame, type EthernetFrame, type EtherPayload } from './ethernet.js'
export { ipv4Packet, type Ipv4Packet, type Ipv4Payload, type Ipv4OtherPayload, type Ipv4Tcp, type Ipv4Udp } from './ipv4.js'
export { tcpSegment, type TcpSegment, type TcpFlags, type TcpOption, type TcpOtherOption } from './tcp.js'
export { udpDatagram, type UdpDatagram } from './udp.js'
export { pngFile, type PngFile, type PngChunk, type PngHeader, type PngOtherChunk } from './png.js'
export { modbusTcp, modbusTcpRequest, modbusTcpResponse, type ModbusFrame, type ModbusPdu, type ModbusRequest, type ModbusResponse, type ModbusFunction, type ModbusFunctionName, type ModbusRange, type ModbusWrite, type ModbusBits, type ModbusRegisters, type ModbusCoilsWrite, type ModbusRegistersWrite, type ModbusException } from './modbus.js'
export { gzipMember, type GzipMember, type GzipSubfield } from './gzip.js'
