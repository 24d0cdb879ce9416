# desc: a service name in -r resolves with the protocol of a service option given earlier; -r before -t fails for names but not numbers
ipvsadm -A -t 10.0.0.100:80
ipvsadm -A -u 10.0.0.100:53
ipvsadm -A -f 1
ipvsadm -a -r 10.0.0.2:http -t 10.0.0.100:80 -m
echo "rc=$?"
ipvsadm -a -r 10.0.0.3:8080 -t 10.0.0.100:80 -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.4:http-alt -m
echo "rc=$?"
ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2:domain -m
echo "rc=$?"
ipvsadm -a -f 1 -r 10.0.0.5:http
echo "rc=$?"
ipvsadm -Ln
