# desc: IPv6 real-server forms: unbracketed (service port used), [v6]:port, unbracketed with trailing :NN is an address
ipvsadm -A -t [fd00::100]:80
ipvsadm -a -t [fd00::100]:80 -r fd00::9 -m
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r [fd00::10]:8080 -m
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r fd00::11:22 -m
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r [fd00::12]:8080 -g
echo "rc=$?"
ipvsadm -Ln
