"""Installing where there is no internet: a wheelhouse of simtoolkit and every dependency (`wheelhouse.build`)."""
