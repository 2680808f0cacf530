/**
 * The {@code tsstore} command: inspect, import, export, copy, verify and plot a store from a shell.
 *
 * <p>{@link org.tsstore.cli.TsstoreCommand} is the entry point. Everything else in this package is the
 * implementation of its subcommands and of the file formats they read and write (CSV, JSON, numpy
 * {@code .npy}, PNG and SVG charts), kept package-private: the command line, not this package, is the
 * interface.
 */
package org.tsstore.cli;
